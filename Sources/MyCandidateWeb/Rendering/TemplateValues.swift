import Foundation

/// A typed, `Encodable` view model turned into the dictionaries and arrays swift-mustache looks
/// names up in.
///
/// Handed a struct, swift-mustache finds `{{name}}` with `Mirror`, once per lookup and once more
/// for every enclosing section it searches: profiling the search page showed most of its 1.8 ms
/// spent in the runtime's type-metadata lookups. A `[String: Any]` is a hash lookup. The view
/// models stay typed; only the renderer sees the dictionaries, built by encoding once per render.
///
/// What the templates see is what `Mirror` showed them: optionals that are `nil` are absent (so
/// a lookup goes on to the enclosing sections, as before), numbers, strings and booleans keep
/// their Swift types, arrays stay arrays, and `Date`, `URL`, `Decimal` and `UUID` are kept as
/// they are rather than taken apart by their own `Encodable` conformances.
enum TemplateValues {
    static func make(_ value: some Encodable) -> Any {
        let root = Node()
        do {
            try TreeEncoder(node: root, codingPath: []).encode(value)
        } catch {
            // Encoding into memory fails only if a view model's own encode(to:) throws, which
            // the snapshot tests would show as a page without content.
            return [String: Any]()
        }
        return root.resolved() ?? [String: Any]()
    }
}

/// One value while it is being encoded.
private final class Node {
    var leaf: Any?
    var object: [String: Node]?
    var array: [Node]?

    func resolved() -> Any? {
        if let object {
            var fields = [String: Any](minimumCapacity: object.count)
            for (key, node) in object {
                if let value = node.resolved() { fields[key] = value }
            }
            return fields
        }
        if let array { return array.compactMap { $0.resolved() } }
        return leaf
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Values whose own `Encodable` form would take them apart, kept whole as `Mirror` kept them,
    /// and the language catalog, whose form is built once rather than per render.
    func encode(_ value: some Encodable) throws {
        switch value {
        case is Date, is URL, is Decimal, is UUID: node.leaf = value
        case let text as PageText: node.leaf = text.rendered
        default: try value.encode(to: self)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.object == nil { node.object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.array == nil { node.array = [] }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> Node {
        let child = Node()
        node.object?[key.stringValue] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) { node.object?[key.stringValue] = nil }
    mutating func encode(_ value: Bool, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: String, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Double, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Float, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Int, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Int8, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Int16, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Int32, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: Int64, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: UInt, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: UInt8, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: UInt16, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: UInt32, forKey key: Key) { child(key).leaf = value }
    mutating func encode(_ value: UInt64, forKey key: Key) { child(key).leaf = value }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try TreeEncoder(node: child(key), codingPath: codingPath + [key]).encode(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.array?.count ?? 0 }

    private func next() -> Node {
        let child = Node()
        node.array?.append(child)
        return child
    }

    mutating func encodeNil() { _ = next() }
    mutating func encode(_ value: Bool) { next().leaf = value }
    mutating func encode(_ value: String) { next().leaf = value }
    mutating func encode(_ value: Double) { next().leaf = value }
    mutating func encode(_ value: Float) { next().leaf = value }
    mutating func encode(_ value: Int) { next().leaf = value }
    mutating func encode(_ value: Int8) { next().leaf = value }
    mutating func encode(_ value: Int16) { next().leaf = value }
    mutating func encode(_ value: Int32) { next().leaf = value }
    mutating func encode(_ value: Int64) { next().leaf = value }
    mutating func encode(_ value: UInt) { next().leaf = value }
    mutating func encode(_ value: UInt8) { next().leaf = value }
    mutating func encode(_ value: UInt16) { next().leaf = value }
    mutating func encode(_ value: UInt32) { next().leaf = value }
    mutating func encode(_ value: UInt64) { next().leaf = value }

    mutating func encode(_ value: some Encodable) throws {
        try TreeEncoder(node: next(), codingPath: codingPath).encode(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: next(), codingPath: codingPath)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() { node.leaf = nil }
    mutating func encode(_ value: Bool) { node.leaf = value }
    mutating func encode(_ value: String) { node.leaf = value }
    mutating func encode(_ value: Double) { node.leaf = value }
    mutating func encode(_ value: Float) { node.leaf = value }
    mutating func encode(_ value: Int) { node.leaf = value }
    mutating func encode(_ value: Int8) { node.leaf = value }
    mutating func encode(_ value: Int16) { node.leaf = value }
    mutating func encode(_ value: Int32) { node.leaf = value }
    mutating func encode(_ value: Int64) { node.leaf = value }
    mutating func encode(_ value: UInt) { node.leaf = value }
    mutating func encode(_ value: UInt8) { node.leaf = value }
    mutating func encode(_ value: UInt16) { node.leaf = value }
    mutating func encode(_ value: UInt32) { node.leaf = value }
    mutating func encode(_ value: UInt64) { node.leaf = value }

    mutating func encode(_ value: some Encodable) throws {
        try TreeEncoder(node: node, codingPath: codingPath).encode(value)
    }
}
