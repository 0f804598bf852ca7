import Testing
@testable import EventLog

/// Vectors of Kafka's `UtilsTest.testMurmur2` (Java client): agreement here means every client
/// routes an organization's key to the same partition we do.
@Suite struct Murmur2Tests {
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
        ("", 275_646_681),
    ])
    func javaVectors(input: String, expected: Int32) {
        #expect(murmur2(Array(input.utf8)) == expected)
    }

    @Test func partitionIsPositiveModulo() {
        #expect(kafkaPartition(forKey: Array("foobar".utf8), partitionCount: 50) == 16)
        // -973932308 & 0x7fffffff = 1173551340; % 12 = 0
        #expect(kafkaPartition(forKey: Array("21".utf8), partitionCount: 12) == 1_173_551_340 % 12)
        for count in Int32(1)...16 {
            let p = kafkaPartition(forKey: Array("org-42".utf8), partitionCount: count)
            #expect((0..<count).contains(p))
        }
    }
}
