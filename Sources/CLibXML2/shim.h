#ifndef TACO_CLIBXML2_SHIM_H
#define TACO_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU; its ICU headers clash with Foundation's ICU module.
   Hide the ICU-specific parts before anything else from libxml2 is included. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#endif
