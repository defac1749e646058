import Hummingbird
import NIOCore

/// The router's request context: what Hummingbird needs, plus the connection's peer address,
/// which the API's rate limit starts from to identify the client.
///
/// The peer is `nil` when there is no IP socket, as in `app.test(.router)`; see
/// ``ClientAddress/unknownPeerKey`` for how such requests are limited.
struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
