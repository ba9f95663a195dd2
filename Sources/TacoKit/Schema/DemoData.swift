/// The demo data set shipped inside TacoKit (Schema/Demo/demo.sql).
public enum DemoData {
    /// The SQL script that loads the demo data, or nil when this build carries none.
    public static var script: String? { EmbeddedSQL.files["Demo/demo.sql"] }
}
