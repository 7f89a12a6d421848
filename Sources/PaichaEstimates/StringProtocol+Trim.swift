extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, newlines, ideographic space).
    var trimmedWhitespace: Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
