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
    /// CPU seconds the child used (user + system, from `wait4`): less sensitive than wall time to other
    /// processes competing for the cores.
    var cpuSeconds: Double
    /// Peak resident set size in bytes: the highest `VmHWM` of the child's own image, read from
    /// `/proc/<pid>/status` every 2 ms while it runs (VmHWM only grows, so the last reading is the peak up to
    /// the last 2 ms).
    var peakRSS: Int
    /// `ru_maxrss` from `wait4`, in bytes. On Linux it is inflated: `execve` carries the spawning
    /// process's own high-water mark into the child (`setmax_mm_hiwater_rss`), and `posix_spawn` runs
    /// the child on the parent's memory until then, so this is at least the benchmark's own size.
    var ruMaxRSS: Int
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
        var sampled = 0
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 {
                if errno == EINTR { continue }
                throw BenchError("wait4 failed for \(path)")
            }
            sampled = max(sampled, vmHWM(pid))
            usleep(2000)
        }
        let seconds = now() - start
        let exited = (status & 0x7F) == 0
        let code: Int32 = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        // A child that reports its own VmHWM at exit (`vmhwm=` in kB on its last output line) is exact.
        if let r = out.range(of: "vmhwm=") {
            let digits = out[r.upperBound...].prefix { $0.isNumber }
            if let kb = Int(digits) { sampled = max(sampled, kb * 1024) }
        }
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        return ChildRun(
            seconds: seconds, cpuSeconds: cpu, peakRSS: sampled, ruMaxRSS: Int(usage.ru_maxrss) * 1024, status: code, output: out,
            errorOutput: err)
    }

    /// `VmHWM` of process `pid` in bytes, or 0 when it cannot be read (process gone).
    static func vmHWM(_ pid: pid_t) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        return kilobytes(s, "VmHWM:") * 1024
    }

    /// Our own `VmHWM` in kB.
    static func ownVmHWMkB() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        return kilobytes(s, "VmHWM:")
    }

    private static func kilobytes(_ status: String, _ field: String) -> Int {
        guard let r = status.range(of: field) else { return 0 }
        let digits = status[r.upperBound...].drop { $0 == " " || $0 == "\t" }.prefix { $0.isNumber }
        return Int(digits) ?? 0
    }
}

/// A benchmark failure with a message for the person running it.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
