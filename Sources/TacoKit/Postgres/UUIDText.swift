import Foundation

/// UUID text in PostgreSQL's canonical form without Foundation's parser and formatter, which cost thousands of
/// instructions per call — noticeable when a command decodes and prints hundreds of ids (`orders queue`).
extension UUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The canonical lowercase form, `3f2a91c0-5b1e-4c2a-9d3e-0123456789ab` (what PostgreSQL prints).
    public var lowercasedText: String {
        let bytes = uuid
        return withUnsafeBytes(of: bytes) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = Self.hexDigits[Int(byte >> 4)]
                    out[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Parses the 36-character hyphenated form in either case (as `UUID(uuidString:)` does); nil otherwise.
    public init?(text: String) {
        var parsed: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = text.utf8.withContiguousStorageIfAvailable { chars -> Bool in
            guard chars.count == 36 else { return false }
            return withUnsafeMutableBytes(of: &parsed) { out -> Bool in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard chars[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = Self.nibble(chars[position]), let low = Self.nibble(chars[position + 1]) else { return false }
                    out[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        switch ok {
        case true?: self.init(uuid: parsed)
        case false?: return nil
        case nil: self.init(uuidString: text)  // a bridged, non-contiguous string: rare, take the slow path
        }
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
