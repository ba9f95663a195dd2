/// A vendor's approval state and the decisions that move it (mirrors migration 0017, which enforces it).
public enum VendorStatus: String, CaseIterable, Sendable {
    case applied, approved, rejected, suspended

    /// A Food Services decision.
    public enum Decision: String, CaseIterable, Sendable {
        case approve, reject, suspend, reinstate

        /// The state a decision leads to.
        public var target: VendorStatus {
            switch self {
            case .approve, .reinstate: return .approved
            case .reject: return .rejected
            case .suspend: return .suspended
            }
        }

        /// The state a decision starts from.
        public var source: VendorStatus {
            switch self {
            case .approve, .reject: return .applied
            case .suspend: return .approved
            case .reinstate: return .suspended
            }
        }
    }

    /// The decisions open from this state.
    public var decisions: [Decision] { Decision.allCases.filter { $0.source == self } }

    /// The permit kinds a vendor needs, valid on the day, to be approved.
    public static let requiredPermits = ["business_license", "health", "insurance"]
}
