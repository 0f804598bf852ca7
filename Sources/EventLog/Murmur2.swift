/// Kafka's default (Java client) partitioner: `toPositive(murmur2(key)) % partitionCount`.
/// Writers choose partitions with this, so any Kafka client agrees on where a key lives.
public func kafkaPartition(forKey key: [UInt8], partitionCount: Int32) -> Int32 {
    precondition(partitionCount > 0, "partitionCount must be positive")
    return (murmur2(key) & 0x7fff_ffff) % partitionCount
}

/// Murmur2 (32-bit) exactly as `org.apache.kafka.common.utils.Utils.murmur2`, returned as Java's signed int.
public func murmur2(_ data: [UInt8]) -> Int32 {
    let seed: UInt32 = 0x9747_b28c
    let m: UInt32 = 0x5bd1_e995
    let r: UInt32 = 24
    let length = data.count
    var h = seed ^ UInt32(truncatingIfNeeded: length)

    let fullWords = length / 4
    for i in 0..<fullWords {
        let base = i * 4
        var k = UInt32(data[base]) | UInt32(data[base + 1]) << 8 | UInt32(data[base + 2]) << 16 | UInt32(data[base + 3]) << 24
        k &*= m
        k ^= k >> r
        k &*= m
        h &*= m
        h ^= k
    }

    let tail = fullWords * 4
    switch length % 4 {
    case 3:
        h ^= UInt32(data[tail + 2]) << 16
        h ^= UInt32(data[tail + 1]) << 8
        h ^= UInt32(data[tail])
        h &*= m
    case 2:
        h ^= UInt32(data[tail + 1]) << 8
        h ^= UInt32(data[tail])
        h &*= m
    case 1:
        h ^= UInt32(data[tail])
        h &*= m
    default:
        break
    }

    h ^= h >> 13
    h &*= m
    h ^= h >> 15
    return Int32(bitPattern: h)
}
