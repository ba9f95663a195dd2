#ifndef TACO_CLIBXMLSEC_SHIM_H
#define TACO_CLIBXMLSEC_SHIM_H
/* Debian's libxml2 is built with ICU; its ICU headers clash with Foundation's ICU module.
   Hide the ICU-specific parts before anything else from libxml2 is included (as in CLibXML2). */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

/* SwiftPM drops the -D flags that `pkg-config --cflags xmlsec1-openssl` returns ("prohibited flags"), yet they
   change struct layouts and which crypto back end the generic names map to: restate them exactly. */
#define XMLSEC_NO_SIZE_T 1
#define XMLSEC_OPENSSL3_ENGINES 1
#define XMLSEC_NO_GOST 1
#define XMLSEC_NO_GOST2012 1
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#define XMLSEC_CRYPTO_OPENSSL 1

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/transforms.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>

/* Certificate details (subject, validity, key) for pinned IdP and HR signing certificates. */
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/evp.h>

/* xmlFree is a mutable global function pointer, which Swift 6 refuses to touch without isolation. */
static inline void taco_xml_free(void *pointer) { xmlFree(pointer); }
#endif
