/// The TacoTracker release these tools belong to.
public enum TacoTracker {
    public static let version = "0.1.0"
}
