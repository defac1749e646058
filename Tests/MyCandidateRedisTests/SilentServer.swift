import NIOCore
import NIOPosix

/// A TCP listener on 127.0.0.1 that accepts connections and never writes a byte: a hung server.
struct SilentServer {
    let channel: any Channel

    var port: Int { channel.localAddress?.port ?? 0 }

    /// The kernel picks the port, so there is no race for it.
    static func start() async throws -> SilentServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return SilentServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}
