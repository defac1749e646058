import Hummingbird
import HummingbirdAuth
import NIOCore

/// The router's request context: what Hummingbird needs, plus the connection's peer address,
/// which the API's rate limit starts from to identify the client.
///
/// The peer is `nil` when there is no IP socket, as in `app.test(.router)`; see
/// ``ClientAddress/unknownPeerKey`` for how such requests are limited.
struct AppRequestContext: RequestContext, RemoteAddressRequestContext, SessionRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The admin session, loaded by the session middleware on `/admin` routes only.
    let sessions = SessionContext<AdminSession>()

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
