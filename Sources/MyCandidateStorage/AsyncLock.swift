/// A first-come, first-served lock for async code.
///
/// sqlite-nio runs every statement on a thread pool as its own job, so two callers sharing a
/// connection would interleave statements inside each other's transactions; holding this lock for
/// a whole transaction keeps them apart. An actor alone would not: it is re-entered at every
/// `await`.
actor AsyncLock {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    private func lock() async {
        if !isLocked {
            isLocked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func unlock() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            // Ownership passes straight to the next waiter, so the lock is never seen free.
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` while holding the lock.
    nonisolated func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock()
        do {
            let result = try await body()
            await unlock()
            return result
        } catch {
            await unlock()
            throw error
        }
    }
}
