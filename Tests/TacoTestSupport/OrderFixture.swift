import Foundation
import TacoKit

/// The tenant fixture plus a menu for vendor A that exercises every placement rule, a jobs login that places
/// orders (as the service will), and a staff login for vendor A.
public struct OrderFixture: Sendable {
    public let tenants: TenantFixture
    public let jobsLogin: String
    public let staffLogin: String
    /// TACO-PASTOR, 450 ¢, 4 min: "Tortilla" required (min 1, max 1: Corn 0, Flour +25), "Salsa" (0..2: Verde 0,
    /// Roja 0, Habanero +50 unavailable).
    public let pastor: UUID
    public let corn: UUID
    public let flour: UUID
    public let verde: UUID
    public let roja: UUID
    public let habanero: UUID
    /// BURRITO, 1000 ¢, 8 min, no options, uses the ingredient "pork".
    public let burrito: UUID
    /// available = false.
    public let switchedOff: UUID
    /// sold_out_until one hour from now.
    public let soldOut: UUID
    /// Uses the ingredient "cilantro", which is 86'd.
    public let cilantroTaco: UUID

    public var database: TestDatabase { tenants.database }
    public var a: TenantFixture.Tenant { tenants.a }
    public var b: TenantFixture.Tenant { tenants.b }

    public static func make() throws -> OrderFixture {
        let tenants = try TenantFixture.make()
        let owner = try tenants.database.connect()
        let a = tenants.a
        func item(_ sku: String, _ price: Int, prep: Int, available: Bool = true, soldOut: Bool = false) throws -> UUID {
            try owner.scalar("""
                INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents, prep_minutes, available, sold_out_until)
                VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() + interval '1 hour' END) RETURNING id
                """, [a.menuID, a.vendorID, sku, sku.capitalized, price, prep, available, soldOut])
        }
        func group(_ item: UUID, _ name: String, min: Int, max: Int, required: Bool, position: Int) throws -> UUID {
            try owner.scalar("""
                INSERT INTO option_groups (item_id, vendor_id, name, min_choices, max_choices, required, position)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """, [item, a.vendorID, name, min, max, required, position])
        }
        func option(_ group: UUID, _ name: String, _ delta: Int, available: Bool = true) throws -> UUID {
            try owner.scalar("""
                INSERT INTO options (group_id, vendor_id, name, price_delta_cents, available) VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [group, a.vendorID, name, delta, available])
        }
        func ingredient(_ item: UUID, _ name: String, eightySixed: Bool) throws {
            let id: UUID = try owner.scalar("""
                INSERT INTO ingredients (vendor_id, name, eighty_sixed) VALUES ($1, $2, $3)
                ON CONFLICT (vendor_id, name) DO UPDATE SET eighty_sixed = excluded.eighty_sixed RETURNING id
                """, [a.vendorID, name, eightySixed])
            try owner.query("INSERT INTO menu_item_ingredients (item_id, ingredient_id, vendor_id) VALUES ($1, $2, $3)",
                            [item, id, a.vendorID])
        }
        let pastor = try item("TACO-PASTOR", 450, prep: 4)
        let tortilla = try group(pastor, "Tortilla", min: 1, max: 1, required: true, position: 0)
        let salsa = try group(pastor, "Salsa", min: 0, max: 2, required: false, position: 1)
        let corn = try option(tortilla, "Corn", 0)
        let flour = try option(tortilla, "Flour", 25)
        let verde = try option(salsa, "Verde", 0)
        let roja = try option(salsa, "Roja", 0)
        let habanero = try option(salsa, "Habanero", 50, available: false)
        let burrito = try item("BURRITO", 1000, prep: 8)
        try ingredient(burrito, "pork", eightySixed: false)
        let switchedOff = try item("SWITCHED-OFF", 300, prep: 2, available: false)
        let soldOut = try item("SOLD-OUT", 300, prep: 2, soldOut: true)
        let cilantroTaco = try item("CILANTRO-TACO", 350, prep: 3)
        try ingredient(cilantroTaco, "cilantro", eightySixed: true)

        let jobs = try tenants.database.createLogin(group: "taco_jobs", prefix: "jobs")
        let staff = try tenants.database.createLogin(group: "taco_vendor_staff", prefix: "staff_a")
        try owner.query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'staff')", [staff, a.vendorID])
        return OrderFixture(tenants: tenants, jobsLogin: jobs, staffLogin: staff, pastor: pastor, corn: corn, flour: flour,
                            verde: verde, roja: roja, habanero: habanero, burrito: burrito, switchedOff: switchedOff,
                            soldOut: soldOut, cilantroTaco: cilantroTaco)
    }

    /// A request for vendor A's truck by the fixture's user.
    public func request(_ lines: [OrderRequest.Line], tip: Int64 = 0, key: String = UUID().uuidString, user: UUID? = nil,
                        special: String? = nil) -> OrderRequest {
        OrderRequest(userID: user ?? tenants.userID, vendorID: a.vendorID, truckID: a.truckID, campusID: tenants.campusID,
                     lines: lines, tipCents: tip, specialRequests: special, idempotencyKey: key)
    }

    /// Places an order as the jobs login.
    @discardableResult
    public func place(_ request: OrderRequest) throws -> PlacedOrder {
        try OrderStore.place(try database.connect(as: jobsLogin), request)
    }

    /// Places a simple order and moves it (as the owner) to `status` along the legal path.
    public func order(in status: OrderStatus, special: String? = nil) throws -> UUID {
        let placed = try place(request([.init(itemID: pastor, quantity: 2, optionIDs: [corn, verde])], special: special))
        let path: [OrderStatus] = [.confirmed, .preparing, .ready, .pickedUp, .completed]
        let steps: [OrderStatus]
        switch status {
        case .pending: steps = []
        case .cancelled: steps = [.cancelled]
        case .noShow: steps = [.confirmed, .preparing, .ready, .noShow]
        default: steps = Array(path.prefix(through: path.firstIndex(of: status) ?? 0))
        }
        let owner = try database.connect()
        for step in steps {
            try owner.query("""
                UPDATE orders SET status = $2, cancel_reason = CASE WHEN $2 IN ('CANCELLED', 'NO_SHOW') THEN 'fixture' END
                WHERE id = $1
                """, [placed.id, step.rawValue])
        }
        return placed.id
    }

    /// Records a captured payment for an order (as the service would).
    public func pay(_ order: UUID, cents: Int64, intent: String = "pi_" + UUID().uuidString.prefix(12).lowercased()) throws {
        try database.connect().query("""
            INSERT INTO payments (order_id, vendor_id, stripe_payment_intent_id, amount_cents, status)
            SELECT id, vendor_id, $2, $3, 'succeeded' FROM orders WHERE id = $1
            """, [order, intent, cents])
    }

    /// Vendor A's scope as a real login.
    public func scope(_ login: String) throws -> (PostgresConnection, VendorScope) {
        let db = try database.connect(as: login)
        return (db, try VendorScope.resolve(db, requestedSlug: nil))
    }
}
