/// A scripted conversation being written: its messages in order and the shares counted in it.
struct ConversationScript {
    /// The messages in order.
    var messages: [TCPConversation.Message] = []
    /// The shares submitted so far and the pool's answers.
    var shares = ShareTally()

    /// Appends a message.
    mutating func append(_ message: TCPConversation.Message) {
        self.messages.append(message)
    }

    /// Appends a newline-terminated line (JSON, say) sent by the client.
    mutating func client(_ line: String, delay: Int64 = 20 * millisecond) {
        self.append(TCPConversation.Message(.client, line + "\n", delay: delay))
    }

    /// Appends a newline-terminated line sent by the server.
    mutating func server(_ line: String, delay: Int64 = 20 * millisecond) {
        self.append(TCPConversation.Message(.server, line + "\n", delay: delay))
    }

    /// Appends a share the client submits and the pool's reply, and counts it as accepted or rejected.
    mutating func share(_ submit: TCPConversation.Message, reply: TCPConversation.Message, accepted: Bool) {
        self.append(submit)
        self.append(reply)
        self.shares.count(accepted: accepted)
    }

    /// Appends a share submitted as a line and the pool's reply line, and counts it as accepted or rejected.
    mutating func share(_ submit: String, delay: Int64 = 20 * millisecond, reply: String, accepted: Bool) {
        self.share(
            TCPConversation.Message(.client, submit + "\n", delay: delay),
            reply: TCPConversation.Message(.server, reply + "\n"),
            accepted: accepted
        )
    }
}
