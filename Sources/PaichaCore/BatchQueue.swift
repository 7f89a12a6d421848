#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A first-in first-out queue between two threads, bounded: `put` waits while it is full, `take` while it is
/// empty; after `close`, `take` returns what is left, then nil.
///
/// For a reading thread that hands parsed batches to the thread that uses them (trade tapes, ledgers): the
/// bound keeps memory independent of the input's size.
public final class BatchQueue<Element: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var items: [Element] = []
    private var isClosed = false
    private let capacity: Int

    /// Makes a queue that holds at most `capacity` items (at least one).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(self.mutex, nil)
        pthread_cond_init(self.changed, nil)
    }

    deinit {
        pthread_cond_destroy(self.changed)
        pthread_mutex_destroy(self.mutex)
        self.changed.deallocate()
        self.mutex.deallocate()
    }

    /// Adds an item, waiting while the queue is full.
    public func put(_ item: Element) {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        while self.items.count >= self.capacity { pthread_cond_wait(self.changed, self.mutex) }
        self.items.append(item)
        pthread_cond_broadcast(self.changed)
    }

    /// The oldest item, waiting while the queue is empty and open; nil once it is closed and empty.
    public func take() -> Element? {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        while self.items.isEmpty && !self.isClosed { pthread_cond_wait(self.changed, self.mutex) }
        guard !self.items.isEmpty else { return nil }
        // At most `capacity` items: moving them down is cheaper than a ring's bookkeeping, and a taken item is
        // released at once.
        let item = self.items.removeFirst()
        pthread_cond_broadcast(self.changed)
        return item
    }

    /// Ends the queue: no more items will come.
    public func close() {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        self.isClosed = true
        pthread_cond_broadcast(self.changed)
    }
}
