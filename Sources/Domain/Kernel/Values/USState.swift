/// US states and territories in the seed's lowercase form (`alabama`, `new_york`).
public enum USState: String, CaseIterable, Codable, Sendable {
    case alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware
    case district_of_columbia, florida, georgia, hawaii, idaho, illinois, indiana, iowa, kansas
    case kentucky, louisiana, maine, maryland, massachusetts, michigan, minnesota, mississippi
    case missouri, montana, nebraska, nevada, new_hampshire, new_jersey, new_mexico, new_york
    case north_carolina, north_dakota, ohio, oklahoma, oregon, pennsylvania, rhode_island
    case south_carolina, south_dakota, tennessee, texas, utah, vermont, virginia, washington
    case west_virginia, wisconsin, wyoming
    case american_samoa, guam, northern_mariana_islands, puerto_rico, us_virgin_islands
}
