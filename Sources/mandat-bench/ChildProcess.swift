import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One finished child process: wall time, peak resident memory, exit status and what it printed.
struct ChildRun {
    /// Wall-clock seconds from spawn to exit.
    var seconds: Double
    /// Peak resident set size in bytes (`getrusage`/`wait4` `ru_maxrss`, kilobytes on Linux, × 1024).
    var peakRSS: Int
    /// Exit status, or 128 + signal number when killed by a signal.
    var status: Int32
    /// Standard output (captured through a temporary file).
    var output: String
    /// Standard error (captured through a temporary file).
    var errorOutput: String
}

enum ChildProcess {
    /// This executable's path (to run ourselves as a measured child).
    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `path` with `arguments` (not through a shell) and waits for it with `wait4`, so that its own
    /// peak RSS is known (not the maximum over every child, as `RUSAGE_CHILDREN` would give).
    static func run(_ path: String, _ arguments: [String]) throws -> ChildRun {
        let tmp = FileManager.default.temporaryDirectory
        let outURL = tmp.appendingPathComponent("mandat-bench-\(UUID().uuidString).out")
        let errURL = tmp.appendingPathComponent("mandat-bench-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        // The environment is passed explicitly (the C global `environ` is shared mutable state to Swift 6).
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        var pid: pid_t = 0
        let start = now()
        let rc = argv.withUnsafeBufferPointer { a in
            envp.withUnsafeBufferPointer { e in
                guard let argvBase = a.baseAddress, let envBase = e.baseAddress else { return EINVAL }
                return posix_spawn(&pid, path, &actions, nil, argvBase, envBase)
            }
        }
        guard rc == 0 else {
            throw BenchError("cannot start \(path): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw BenchError("wait4 failed for \(path)") }
        }
        let seconds = now() - start
        let exited = (status & 0x7F) == 0
        let code: Int32 = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return ChildRun(seconds: seconds, peakRSS: Int(usage.ru_maxrss) * 1024, status: code, output: out, errorOutput: err)
    }
}

/// A benchmark failure with a message for the person running it.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
