import HTTPTypes
import Hummingbird
import Logging
import Tracing

/// The outermost middleware: gives each request its id, its span (when tracing is on), its
/// metrics and its one access-log line.
///
/// - The request id is the caller's `X-Request-Id` when plausible, else the ALB's trace root,
///   else Hummingbird's random one; it goes on every log line of the request (`request_id`) and
///   back to the caller in `X-Request-Id`.
/// - The span continues an incoming W3C `traceparent`, or an `X-Amzn-Trace-Id` turned into one
///   (``TraceHeaderExtractor``); while it is open, database and Redis calls become its children
///   and log lines carry its `trace_id` and `span_id`.
/// - Metrics and the access line are labelled with the route pattern as registered
///   (`/ballots/{ballot}/areas/{area}`), or `unmatched`, never the concrete path.
/// - The access line names the method, route, status, bytes sent, duration and client address
///   (resolved through `TRUSTED_PROXIES`, as the rate limit does) and nothing else: no headers,
///   no query, so no cookie, token or search text reaches the log.
///
/// A body of known length (every rendered page) is accounted for when the handler returns, so
/// it keeps Hummingbird's single-write path; a streamed one (the exports) is wrapped to count
/// its bytes and accounted for when it has been written.
struct ObservabilityMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let metrics: AppMetrics
    /// `nil` when tracing is off: no span, no extraction, nothing to pay.
    let tracer: (any Tracer)?
    let trustedProxies: TrustedProxies

    /// The route label of a request no route matched.
    static var unmatchedRoute: String { "unmatched" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        if let id = RequestIDHeader.requestID(from: request.headers) {
            // Hummingbird's `context.id` reads this key, so the id stays one id everywhere.
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        }
        metrics.requestsInFlight.increment()
        guard let tracer else {
            return try await respond(request, context: context, start: start, span: nil, next: next)
        }
        var parent = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &parent, using: TraceHeaderExtractor())
        let span = tracer.startSpan("\(request.method.rawValue)", context: parent, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = request.method.rawValue
            attributes["url.path"] = request.uri.path
        }
        return try await ServiceContext.$current.withValue(span.context) {
            // The trace ids join the request's logger here, because the access line of a
            // streamed body is written after this scope has ended.
            if let provided = context.logger.handler.metadataProvider?.get() {
                for (key, value) in provided { context.logger[metadataKey: key] = value }
            }
            return try await respond(request, context: context, start: start, span: span, next: next)
        }
    }

    private func respond(
        _ request: Request, context: Context, start: ContinuousClock.Instant, span: (any Span)?,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // What the router would make of it, made here so its status and size are counted.
            response = try error.response(from: request, context: context)
        } catch {
            // Hummingbird answers anything else with an empty 500.
            span?.recordError(error)
            finish(request, context: context, status: 500, bytes: 0, start: start, span: span)
            throw error
        }
        // Appended: nothing else sets it, and assigning would first search the fields for it.
        response.headers.append(HTTPField(name: .xRequestID, value: context.id))
        let status = Int(response.status.code)
        if let length = response.body.contentLength {
            finish(request, context: context, status: status, bytes: length, start: start, span: span)
            return response
        }
        let body = response.body
        response.body = ResponseBody { writer in
            let counter = ByteCounter()
            do {
                try await body.write(CountingWriter(base: writer, counter: counter))
            } catch {
                span?.recordError(error)
                finish(request, context: context, status: status, bytes: counter.bytes, start: start, span: span)
                throw error
            }
            finish(request, context: context, status: status, bytes: counter.bytes, start: start, span: span)
        }
        return response
    }

    private func finish(_ request: Request, context: Context, status: Int, bytes: Int, start: ContinuousClock.Instant, span: (any Span)?) {
        let elapsed = ContinuousClock.now - start
        // Hummingbird names a request no route matched "NotFound"; registered routes start with "/".
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? Self.unmatchedRoute
        let measured = metrics.route(route, method: request.method, status: status)
        measured.requests.increment()
        measured.duration.record(duration: elapsed)
        metrics.requestsInFlight.decrement()
        if let span {
            span.operationName = "\(request.method.rawValue) \(route)"
            span.updateAttributes { attributes in
                attributes["http.route"] = route
                attributes["http.response.status_code"] = status
                attributes["http.response.body.size"] = bytes
            }
            if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
            span.end()
        }
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(status),
            "bytes": .stringConvertible(bytes),
            "duration_ms": .stringConvertible(Self.milliseconds(elapsed)),
            "client": .string(ClientAddress.key(peer: context.remoteAddress, headers: request.headers, trusting: trustedProxies)),
        ])
    }

    /// Milliseconds to the microsecond.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1_000_000 + Double(attoseconds / 1_000_000_000_000)) / 1000
    }
}

/// Bytes a streamed body has written so far; used by one body writer at a time.
private final class ByteCounter {
    var bytes = 0
}

/// Passes a body through to the real writer, counting its bytes.
private struct CountingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let counter: ByteCounter

    mutating func write(_ buffer: ByteBuffer) async throws {
        counter.bytes += buffer.readableBytes
        try await base.write(buffer)
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { counter.bytes += buffer.readableBytes }
        try await base.write(contentsOf: buffers)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }
}
