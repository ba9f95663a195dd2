import Foundation

/// What an employee asks for when placing an order (the service's request body, decoded).
public struct OrderRequest: Sendable, Equatable {
    /// One line: a menu item, how many, and the chosen options (ids of `options` rows of that item's groups).
    public struct Line: Sendable, Equatable {
        public var itemID: UUID
        public var quantity: Int
        public var optionIDs: [UUID]

        public init(itemID: UUID, quantity: Int = 1, optionIDs: [UUID] = []) {
            self.itemID = itemID
            self.quantity = quantity
            self.optionIDs = optionIDs
        }
    }

    public var userID: UUID
    public var vendorID: UUID
    public var truckID: UUID
    public var campusID: UUID
    public var lines: [Line]
    public var tipCents: Int64
    public var specialRequests: String?
    /// Chosen by the client; a retry with the same key and the same body returns the same order.
    public var idempotencyKey: String

    public init(userID: UUID, vendorID: UUID, truckID: UUID, campusID: UUID, lines: [Line], tipCents: Int64 = 0,
                specialRequests: String? = nil, idempotencyKey: String) {
        self.userID = userID
        self.vendorID = vendorID
        self.truckID = truckID
        self.campusID = campusID
        self.lines = lines
        self.tipCents = tipCents
        self.specialRequests = specialRequests
        self.idempotencyKey = idempotencyKey
    }

    /// The longest special request the database accepts.
    public static let maxSpecialRequestsLength = 500
    /// Idempotency keys are 1…200 characters.
    public static let maxIdempotencyKeyLength = 200

    /// The body whose SHA-256 is stored in `orders.request_hash`: compact JSON with sorted keys, lower-case ids,
    /// each line's options sorted (their order carries no meaning), lines in the order given; the idempotency
    /// key itself is not part of it.
    public var canonicalBody: String {
        func id(_ value: UUID) -> String { "\"" + value.lowercasedText + "\"" }
        let items = lines.map { line in
            "{\"item_id\":\(id(line.itemID)),\"options\":[\(line.optionIDs.map(id).sorted().joined(separator: ","))],"
                + "\"quantity\":\(line.quantity)}"
        }
        let special = specialRequests.map(Self.jsonString) ?? "null"
        return "{\"campus_id\":\(id(campusID)),\"items\":[\(items.joined(separator: ","))],\"special_requests\":\(special),"
            + "\"tip_cents\":\(tipCents),\"truck_id\":\(id(truckID)),\"user_id\":\(id(userID)),\"vendor_id\":\(id(vendorID))}"
    }

    /// A JSON string literal (RFC 8259 escaping), so the canonical body does not depend on any encoder's settings.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
