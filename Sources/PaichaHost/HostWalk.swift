/// A bounded walk of a directory tree of the swept system.
///
/// It never follows symbolic links to directories, stays on the file system it started on, skips the
/// named trees, and stops at `HostLimits.maximumWalkDepth`, at `maximumWalkedFilesPerTree` files in one walk
/// and at `maximumWalkedFiles` files over all walks of a sweep (each counted in the statistics when hit).
struct HostWalk {
    /// Trees never entered (container layers, package databases: big, and not where a dropped miner lives).
    var skippedPaths: Set<String> = []
    /// Directory names never entered anywhere (`node_modules`, `.git`).
    var skippedNames: Set<String> = []
    /// How deep below the start the walk goes (at most the limit's value).
    var maximumDepth: Int?

    /// Visits every entry that is not a directory (regular files, links, FIFOs…) below `start`, sorted by path.
    func walk(
        _ start: String,
        context: inout SweepContext,
        visit: (_ path: String, _ info: FileInfo, _ context: inout SweepContext) -> Void
    ) {
        let fileSystem = context.fileSystem
        let limits = context.configuration.limits
        let maximumDepth = min(self.maximumDepth ?? limits.maximumWalkDepth, limits.maximumWalkDepth)
        let startInfo: FileInfo
        do {
            startInfo = try fileSystem.info(start, followLastLink: true)
        } catch {
            context.statistics.record(error)
            return
        }
        guard startInfo.kind == .directory else { return }
        var visited = 0
        // Depth-first with an explicit stack, so deep trees cannot exhaust the call stack.
        var pending: [(path: String, depth: Int)] = [(start, 0)]
        while let (directory, depth) = pending.popLast() {
            let entries: [(name: String, info: Result<FileInfo, HostFileError>)]
            do {
                entries = try fileSystem.listWithInfo(directory, statistics: &context.statistics)
            } catch {
                context.statistics.record(error)
                continue
            }
            var subdirectories: [String] = []
            for (name, result) in entries {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                let info: FileInfo
                switch result {
                case .success(let found): info = found
                case .failure(let error):
                    context.statistics.record(error)
                    continue
                }
                if info.kind == .directory {
                    if self.skippedNames.contains(name) || self.skippedPaths.contains(path) { continue }
                    if info.device != startInfo.device { continue }
                    if depth + 1 > maximumDepth {
                        context.statistics.hit("maximumWalkDepth")
                        continue
                    }
                    subdirectories.append(path)
                    continue
                }
                guard context.walkedFiles < limits.maximumWalkedFiles else {
                    context.statistics.hit("maximumWalkedFiles")
                    return
                }
                guard visited < limits.maximumWalkedFilesPerTree else {
                    context.statistics.hit("maximumWalkedFilesPerTree")
                    return
                }
                visited += 1
                context.walkedFiles += 1
                visit(path, info, &context)
            }
            pending.append(contentsOf: subdirectories.reversed().map { ($0, depth + 1) })
        }
    }
}
