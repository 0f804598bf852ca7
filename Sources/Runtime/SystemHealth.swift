import CommandHandling
import HTTPAPI
import ReadModels

/// Gathers the writers' and projections' states into one `HealthReport`.
struct SystemHealth: Sendable {
    let writers: [PartitionWriter]
    let projections: [ProjectionProgress]
    /// Every read model together: `projected_offsets` are their lowest positions.
    let readModels: ProjectionProgress

    func report() async -> HealthReport {
        var components: [HealthReport.Component] = []
        for writer in writers {
            let problem = await writer.problem
            components.append(.init(name: "writer \(writer.partition)", status: problem == nil ? .ok : .stopped, detail: problem))
        }
        for progress in projections {
            let positions = await progress.positions()
            let component: HealthReport.Component
            switch await progress.health {
            case .running: component = .init(name: "projection \(progress.name)", status: .ok, positions: positions)
            case .retrying(let attempts, let error):
                component = .init(name: "projection \(progress.name)", status: .retrying,
                                  detail: "attempt \(attempts): \(error)", positions: positions)
            case .stuck(let reason): component = .init(name: "projection \(progress.name)", status: .stopped, detail: reason, positions: positions)
            case .paused(let reason):
                // An operator's rebuild: not a fault (/health 200), but not ready either.
                component = .init(name: "projection \(progress.name)", status: .retrying, detail: "paused: \(reason)", positions: positions)
            }
            components.append(component)
        }
        return HealthReport(components: components, projected: await readModels.positions())
    }
}
