import PaichaCore
import Testing

@testable import PaichaScan

/// The flow index against a `Dictionary` model under seeded random inserts, updates and removals.
struct FlowIndexTests {
    static func key(_ n: UInt64) -> FlowKey {
        let a = Endpoint(ip: .v4(UInt32(truncatingIfNeeded: n % 97)), port: UInt16(truncatingIfNeeded: n % 13))
        let b = Endpoint(ip: n % 5 == 0 ? .v6(n, n &* 31) : .v4(UInt32(truncatingIfNeeded: n)), port: 3333)
        return FlowKey(a, b, transport: n % 2 == 0 ? 6 : 17)
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func behavesLikeADictionary(seed: UInt64) {
        var index = FlowIndex(capacity: 4)
        var model: [FlowKey: Int] = [:]
        var generator = SplitMix(seed: seed)
        for step in 0..<20_000 {
            let key = Self.key(generator.next() % 600)
            switch generator.next() % 3 {
            case 0:
                index.set(step, for: key)
                model[key] = step
            case 1:
                index.remove(key)
                model[key] = nil
            default:
                #expect(index.value(for: key) == model[key])
            }
            #expect(index.count == model.count)
        }
        for (key, value) in model { #expect(index.value(for: key) == value) }
    }

    @Test func bothDirectionsFindTheSameFlow() {
        let a = Endpoint(ip: IPAddress("10.0.0.1")!, port: 40_000)
        let b = Endpoint(ip: IPAddress("2001:db8::1")!, port: 3333)
        var index = FlowIndex()
        index.set(7, for: FlowKey(a, b, transport: 6))
        #expect(index.value(for: FlowKey(b, a, transport: 6)) == 7)
        #expect(index.value(for: FlowKey(b, a, transport: 17)) == nil)
    }
}
