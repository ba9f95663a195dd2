import Foundation
import TacoTestSupport
import Testing

/// taco-vendor is run per item by scripts and kitchen displays: every shared library it loads costs start-up time on
/// every call. XML, SAML, HR feeds and the HTTP clients live in TacoIntegrations so that it links none of theirs.
@Suite("binary footprint")
struct BinaryFootprintTests {
    @Test("taco-vendor loads neither libxml2, libxmlsec1, ICU nor libcurl; taco-jobs does load libxml2")
    func vendorToolStaysLean() throws {
        func libraries(_ tool: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
            process.arguments = [ToolRunner.binDirectory.appendingPathComponent(tool).path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: output, as: UTF8.self)
        }
        let vendor = try libraries("taco-vendor")
        #expect(vendor.contains("libpq"), "\(vendor)")
        for heavy in ["libxml2", "libxmlsec1", "libicuuc", "libcurl"] {
            #expect(!vendor.contains(heavy), "taco-vendor links \(heavy):\n\(vendor)")
        }
        // The check itself can tell: the jobs tool does link the XML stack.
        #expect(try libraries("taco-jobs").contains("libxml2"))
    }
}
