import Foundation

/// Output files that are either complete or absent: written under a temporary name next to their target,
/// fsynced, then renamed into place. Failures are `ToolError(.cannotCreate)` (exit 73).
public enum AtomicFiles {
    /// A file being written under a temporary name; `commit()` moves it into place.
    public final class PendingFile {
        public let target: URL
        let temporary: URL
        private let handle: FileHandle
        private var open = true

        init(target: URL, temporary: URL, handle: FileHandle) {
            self.target = target
            self.temporary = temporary
            self.handle = handle
        }

        deinit {
            if open {
                try? handle.close()
                unlink(temporary.path)
            }
        }

        /// Appends bytes.
        public func write(_ data: Data) throws {
            do { try handle.write(contentsOf: data) } catch {
                throw ToolError(.cannotCreate, "cannot write \(target.path): \(error.localizedDescription)")
            }
        }

        /// Flushes to disk and renames over the target.
        public func commit() throws {
            guard open else { return }
            do {
                try handle.synchronize()
                try handle.close()
            } catch {
                throw ToolError(.cannotCreate, "cannot write \(target.path): \(error.localizedDescription)")
            }
            open = false
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw ToolError(.cannotCreate, "cannot create \(target.path): \(reason)")
            }
            AtomicFiles.syncDirectory(target.deletingLastPathComponent())
        }
    }

    /// Opens a temporary file (mode `mode`) next to `target`.
    public static func begin(_ target: URL, mode: mode_t = 0o600) throws -> PendingFile {
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw ToolError(.cannotCreate, "cannot create \(target.path): \(String(cString: strerror(errno)))",
                            hint: "check that the directory \(directory.path) exists and is writable")
        }
        fchmod(fd, mode)   // the umask must not widen or narrow what we promise
        return PendingFile(target: target, temporary: temporary, handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    /// Writes `data` to `target` atomically with `mode`.
    public static func write(_ data: Data, to target: URL, mode: mode_t = 0o600) throws {
        let file = try begin(target, mode: mode)
        try file.write(data)
        try file.commit()
    }

    /// A directory being filled under a temporary name next to its target; `commit()` moves it into place.
    public final class PendingDirectory {
        public let target: URL
        /// Where to write the files until `commit()`.
        public let temporary: URL
        private let overwrite: Bool
        private var done = false

        init(target: URL, temporary: URL, overwrite: Bool) {
            self.target = target
            self.temporary = temporary
            self.overwrite = overwrite
        }

        deinit {
            if !done { try? FileManager.default.removeItem(at: temporary) }
        }

        /// Writes one file inside the directory, fsynced, and returns its size.
        @discardableResult
        public func write(_ name: String, _ body: (FileHandle) throws -> Void) throws -> URL {
            let url = temporary.appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o640]) else {
                throw ToolError(.cannotCreate, "cannot create \(url.path)")
            }
            let handle: FileHandle
            do { handle = try FileHandle(forWritingTo: url) } catch {
                throw ToolError(.cannotCreate, "cannot create \(url.path): \(error.localizedDescription)")
            }
            defer { try? handle.close() }
            try body(handle)
            do { try handle.synchronize() } catch {
                throw ToolError(.cannotCreate, "cannot write \(url.path): \(error.localizedDescription)")
            }
            return url
        }

        /// Moves the finished directory to the target (replacing an existing one only with overwrite).
        public func commit() throws {
            let fm = FileManager.default
            AtomicFiles.syncDirectory(temporary)
            var displaced: URL?
            if fm.fileExists(atPath: target.path) {
                let empty = ((try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]).isEmpty
                if empty {
                    try? fm.removeItem(at: target)
                } else if overwrite {
                    let old = target.deletingLastPathComponent()
                        .appendingPathComponent(".\(target.lastPathComponent).old-\(UInt32.random(in: 0...UInt32.max))")
                    if rename(target.path, old.path) != 0 {
                        throw ToolError(.cannotCreate, "cannot replace \(target.path): \(String(cString: strerror(errno)))")
                    }
                    displaced = old
                } else {
                    throw ToolError(.cannotCreate, "\(target.path) is not empty", hint: "pass --overwrite to replace it")
                }
            }
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                if let displaced { rename(displaced.path, target.path) }
                throw ToolError(.cannotCreate, "cannot create \(target.path): \(reason)")
            }
            done = true
            AtomicFiles.syncDirectory(target.deletingLastPathComponent())
            if let displaced { try? fm.removeItem(at: displaced) }
        }
    }

    /// Checks the target (absent, an empty directory, or `overwrite`) and creates the temporary directory
    /// next to it, creating missing parents.
    public static func beginDirectory(_ target: URL, overwrite: Bool) throws -> PendingDirectory {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ToolError(.cannotCreate, "\(target.path) exists and is not a directory")
            }
            let contents: [String]
            do { contents = try fm.contentsOfDirectory(atPath: target.path) } catch {
                throw ToolError(.cannotCreate, "cannot read \(target.path): \(error.localizedDescription)")
            }
            if !contents.isEmpty && !overwrite {
                throw ToolError(.cannotCreate, "\(target.path) is not empty", hint: "pass --overwrite to replace it")
            }
        }
        let parent = target.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o750])
        } catch {
            throw ToolError(.cannotCreate, "cannot create \(target.path): \(error.localizedDescription)")
        }
        return PendingDirectory(target: target, temporary: temporary, overwrite: overwrite)
    }

    /// fsync on a directory, so a rename inside it survives a crash.
    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
