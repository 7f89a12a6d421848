extension HostIndicators {
    /// A text that a known campaign leaves in the comment of the SSH key it installs.
    public struct SSHKeyMarker: Sendable, Hashable, Codable {
        /// Matched case-insensitively anywhere in the key's comment.
        public var marker: String
        public var campaign: String
        public var note: String?
        public var provenance: [String]
    }

    /// The campaign marker a key comment carries, if any.
    public func sshKeyMarker(inComment comment: String) -> SSHKeyMarker? {
        let lowered = comment.lowercased()
        guard !lowered.isEmpty else { return nil }
        return self.sshKeyMarkers.first { !$0.marker.isEmpty && lowered.contains($0.marker.lowercased()) }
    }
}
