extension TCPConversation.Message {
    /// An HTTP/1.1 request from the client (a JSON-RPC POST to `/` unless told otherwise).
    static func request(
        _ method: String = "POST",
        target: String = "/",
        host: String,
        headers: [(String, String)],
        body: String,
        delay: Int64 = 20 * millisecond
    ) -> TCPConversation.Message {
        TCPConversation.Message(
            .client,
            ApplicationPayloads.httpRequest(method: method, target: target, host: host, headers: headers, body: body),
            delay: delay
        )
    }

    /// An HTTP/1.1 `200 OK` response from the server.
    static func response(headers: [(String, String)], body: String) -> TCPConversation.Message {
        TCPConversation.Message(.server, ApplicationPayloads.httpResponse(headers: headers, body: body))
    }
}
