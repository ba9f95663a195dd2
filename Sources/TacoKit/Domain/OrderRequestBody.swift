import Foundation

/// The JSON body of `POST /api/v1/orders`, checked for shape before anything is looked up:
/// `{"vendor_id", "truck_id", "campus_id", "items": [{"item_id", "quantity", "options": [ids]}], "tip_cents",
/// "special_requests"}`. Every problem is collected with its path (`items[1].quantity`); unknown fields are
/// problems too (a misspelt `tip` must not be dropped silently).
public struct OrderRequestBody: Sendable {
    /// The order without its user and key (those come from the token and the `Idempotency-Key` header).
    public struct Draft: Sendable, Equatable {
        public var vendorID: UUID
        public var truckID: UUID
        public var campusID: UUID
        public var lines: [OrderRequest.Line]
        public var tipCents: Int64
        public var specialRequests: String?

        /// The full request for `OrderStore.place`.
        public func request(userID: UUID, idempotencyKey: String) -> OrderRequest {
            OrderRequest(userID: userID, vendorID: vendorID, truckID: truckID, campusID: campusID, lines: lines,
                         tipCents: tipCents, specialRequests: specialRequests, idempotencyKey: idempotencyKey)
        }
    }

    /// Set when `issues` is empty.
    public let draft: Draft?
    public let issues: [ValidationErrors.Issue]

    /// More lines than this in one order is a client bug.
    public static let maxLines = 50

    /// Throws only when the body is not JSON at all (HTTP 400); shape problems land in `issues` (HTTP 422).
    public init(json: Data) throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: json)
        var issues: [ValidationErrors.Issue] = []
        guard case .object(let root) = value else {
            draft = nil
            self.issues = [.init("", "must be a JSON object")]
            return
        }
        let known: Set<String> = ["vendor_id", "truck_id", "campus_id", "items", "tip_cents", "special_requests"]
        for key in root.keys.sorted() where !known.contains(key) { issues.append(.init(key, "unknown field")) }
        func id(_ value: JSONValue?, _ path: String, required: Bool = true) -> UUID? {
            guard let value, value != .null else {
                if required { issues.append(.init(path, "is required")) }
                return nil
            }
            guard case .string(let text) = value, let id = UUID(uuidString: text) else {
                issues.append(.init(path, "must be a UUID string"))
                return nil
            }
            return id
        }
        let vendor = id(root["vendor_id"], "vendor_id")
        let truck = id(root["truck_id"], "truck_id")
        let campus = id(root["campus_id"], "campus_id")
        var lines: [OrderRequest.Line] = []
        switch root["items"] {
        case nil, .null?:
            issues.append(.init("items", "is required"))
        case .array(let items)?:
            if items.isEmpty { issues.append(.init("items", "an order needs at least one item")) }
            if items.count > Self.maxLines { issues.append(.init("items", "at most \(Self.maxLines) lines, got \(items.count)")) }
            for (index, item) in items.prefix(Self.maxLines).enumerated() {
                let place = "items[\(index)]"
                guard case .object(let fields) = item else {
                    issues.append(.init(place, "must be an object {\"item_id\", \"quantity\", \"options\"}"))
                    continue
                }
                for key in fields.keys.sorted() where !["item_id", "quantity", "options"].contains(key) {
                    issues.append(.init("\(place).\(key)", "unknown field"))
                }
                let itemID = id(fields["item_id"], "\(place).item_id")
                var quantity = 1
                switch fields["quantity"] {
                case nil, .null?: break
                case .int(let n)? where (1...99).contains(n): quantity = Int(n)
                default: issues.append(.init("\(place).quantity", "must be a whole number 1 to 99"))
                }
                var options: [UUID] = []
                switch fields["options"] {
                case nil, .null?: break
                case .array(let chosen)?:
                    for (optionIndex, option) in chosen.enumerated() {
                        if let optionID = id(option, "\(place).options[\(optionIndex)]") { options.append(optionID) }
                    }
                default: issues.append(.init("\(place).options", "must be an array of option ids"))
                }
                if let itemID { lines.append(.init(itemID: itemID, quantity: quantity, optionIDs: options)) }
            }
        default:
            issues.append(.init("items", "must be an array"))
        }
        var tip: Int64 = 0
        switch root["tip_cents"] {
        case nil, .null?: break
        case .int(let n)? where n >= 0 && n <= 100_000: tip = n
        default: issues.append(.init("tip_cents", "must be a whole number of cents, 0 to 100000"))
        }
        var special: String?
        switch root["special_requests"] {
        case nil, .null?: break
        case .string(let text)?:
            if text.count > OrderRequest.maxSpecialRequestsLength {
                issues.append(.init("special_requests", "at most \(OrderRequest.maxSpecialRequestsLength) characters, got \(text.count)"))
            }
            special = text.isEmpty ? nil : text
        default: issues.append(.init("special_requests", "must be a string"))
        }
        self.issues = issues
        if issues.isEmpty, let vendor, let truck, let campus {
            draft = Draft(vendorID: vendor, truckID: truck, campusID: campus, lines: lines, tipCents: tip, specialRequests: special)
        } else {
            draft = nil
        }
    }
}

/// Any JSON value, keeping whole numbers apart from fractional ones.
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
