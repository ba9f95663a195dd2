import Foundation
import TacoKit

/// Helpers for the menu tests: vendor logins with their scope, and row counts that show whether anything was written.
public enum MenuTestSupport {
    /// A connection and vendor scope for a real vendor LOGIN.
    public static func session(_ database: TestDatabase, login: String) throws -> (db: PostgresConnection, scope: VendorScope) {
        let db = try database.connect(as: login)
        return (db, try VendorScope.resolve(db, requestedSlug: nil))
    }

    /// A new vendor-staff LOGIN mapped to `vendorID`.
    public static func createStaff(_ database: TestDatabase, vendorID: UUID) throws -> String {
        let login = try database.createLogin(group: "taco_vendor_staff", prefix: "menu_staff")
        try database.connect().query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'staff')", [login, vendorID])
        return login
    }

    /// Row counts of every menu table plus the audit log (read as the owner, which sees all vendors).
    public static func counts(_ database: TestDatabase) throws -> [String: Int] {
        let owner = try database.connect()
        var result: [String: Int] = [:]
        for table in ["menus", "menu_items", "option_groups", "options", "ingredients", "menu_item_ingredients", "audit_log"] {
            result[table] = try owner.scalar("SELECT count(*)::int FROM \(table)")
        }
        return result
    }

    /// A menu with option groups and ingredients, in the contract's JSON form.
    public static let lunchJSON = """
        {"menu": "Lunch", "items": [
          {"sku": "TACO-AL-PASTOR", "name": "Al Pastor Taco", "category": "Tacos", "description": "Pork, pineapple",
           "price": "4.50", "prep_minutes": 4, "available": true, "ingredients": ["pork", "pineapple", "corn tortilla"],
           "option_groups": [
             {"name": "Salsa", "min": 0, "max": 2, "required": false, "options": [
               {"name": "Verde", "price_delta": "0.00", "available": true},
               {"name": "Roja", "price_delta": "0.00", "available": true},
               {"name": "Habanero", "price_delta": "0.25", "available": true}]},
             {"name": "Size", "min": 1, "max": 1, "required": true, "options": [
               {"name": "Regular", "price_delta": "0", "available": true},
               {"name": "Double", "price_delta": "2.00", "available": true}]}]},
          {"sku": "TACO-VEG", "name": "Veggie Taco", "category": "Tacos", "price": 3.75, "ingredients": ["beans", "corn tortilla"],
           "option_groups": [{"name": "Extras", "max": 0, "options": [{"name": "No cheese", "price_delta": "-0.25"}]}]},
          {"sku": "HORCHATA", "name": "Horchata", "category": "Drinks", "price": "3", "prep_minutes": 1, "ingredients": ["rice"]}
        ]}
        """
}
