import CommandHandling
import HTTPAPI
import ReadModels

/// Gathers the writers' and projections' states into one `HealthReport`.
struct SystemHealth: Sendable {
    let writers: [PartitionWriter]
    let projections: [ProjectionProgress]

    func report() async -> HealthReport {
        var components: [HealthReport.Component] = []
        for writer in writers {
            let problem = await writer.problem
            components.append(.init(name: "writer \(writer.partition)", status: problem == nil ? .ok : .stopped, detail: problem))
        }
        var projected: [Int32: Int64] = [:]
        for progress in projections {
            let positions = await progress.positions()
            if progress.name == ReadModelProjection.name { projected = positions }
            let component: HealthReport.Component
            switch await progress.health {
            case .running: component = .init(name: "projection \(progress.name)", status: .ok, positions: positions)
            case .retrying(let attempts, let error):
                component = .init(name: "projection \(progress.name)", status: .retrying,
                                  detail: "attempt \(attempts): \(error)", positions: positions)
            case .stuck(let reason): component = .init(name: "projection \(progress.name)", status: .stopped, detail: reason, positions: positions)
            }
            components.append(component)
        }
        return HealthReport(components: components, projected: projected)
    }
}
