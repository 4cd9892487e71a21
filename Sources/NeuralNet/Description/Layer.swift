/// One layer of a description: a kind, compared and hashed by its kind and constructor.
public struct Layer: Hashable, Sendable, CustomStringConvertible {
    let engineKind: any EngineLayerKind

    init(_ kind: any EngineLayerKind) { engineKind = kind }

    /// What the layer is.
    public var kind: any LayerKind { engineKind }

    public static func == (a: Layer, b: Layer) -> Bool {
        a.kind.moduleType == b.kind.moduleType && a.kind.constructor == b.kind.constructor
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind.moduleType)
        hasher.combine(kind.constructor)
    }

    public var description: String { kind.constructor }

    /// The kind as `T`, when it is one.
    public func `as`<T: LayerKind>(_ type: T.Type) -> T? { engineKind as? T }

    /// Whether the kind is `T`.
    public func `is`<T: LayerKind>(_ type: T.Type) -> Bool { engineKind is T }
}
