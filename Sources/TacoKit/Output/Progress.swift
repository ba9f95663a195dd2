import Foundation

/// A progress line on stderr, redrawn at most ten times a second and only when stderr is a TTY.
/// The final summary line is written either way (unless quiet).
public final class ProgressReporter: @unchecked Sendable {
    private let stream: OutputStream
    private let interactive: Bool
    private let quiet: Bool
    private let label: String
    private var total: Int?
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private let started = ContinuousClock.now

    public init(label: String, total: Int? = nil, interactive: Bool = Terminal.isTTY(STDERR_FILENO),
                quiet: Bool = false, stream: OutputStream = .standardError) {
        self.label = label
        self.total = total
        self.interactive = interactive && !quiet
        self.quiet = quiet
        self.stream = stream
    }

    /// Reports `done` units of work (of `total` when known).
    public func update(_ done: Int, total: Int? = nil) {
        if let total { self.total = total }
        guard interactive else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        var text = "\r\(label): \(done)"
        if let total = self.total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            text += "/\(total) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
                + String(format: " %3d%%", Int(fraction * 100))
        }
        stream.write(text + "\u{1B}[K")
        stream.flush()
        drawn = true
    }

    /// Clears the progress line without a summary (before an error is printed).
    public func clear() {
        guard drawn else { return }
        stream.write("\r\u{1B}[K")
        stream.flush()
        drawn = false
    }

    /// Clears the progress line and prints the one-line summary.
    public func finish(_ summary: String) {
        if drawn { stream.write("\r\u{1B}[K") }
        if !quiet {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            stream.write("\(summary) (\(String(format: "%.1f", seconds)) s)\n")
        }
        stream.flush()
    }
}
