import CLibXML2
import TacoKit

/// The libxml2 this build runs against (HR feeds and SAML are parsed with it).
public enum LibXML {
    /// The runtime library's version, e.g. "20914" for 2.9.14 (checked against the headers at start-up).
    public static var runtimeVersion: String {
        xmlCheckVersion(LIBXML_VERSION)
        guard let version = __xmlParserVersion()?.pointee else { return "unknown" }
        return String(cString: version)
    }
}
