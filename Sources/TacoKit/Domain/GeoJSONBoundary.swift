import Foundation

/// A campus boundary read from GeoJSON: a Polygon or MultiPolygon (bare, or as the geometry of a Feature or of a
/// FeatureCollection's single feature). The structure is checked here, with the place of each problem; the
/// geometry itself (self-intersection, size) is checked by PostGIS when it is stored.
public struct GeoJSONBoundary: Sendable, Equatable {
    /// The geometry as a GeoJSON MultiPolygon text, ready for `ST_GeomFromGeoJSON`.
    public let multiPolygonJSON: String
    public let polygonCount: Int

    /// Parses and checks `data`; every problem is reported with its JSON path.
    public static func parse(_ data: Data, source: String) throws -> GeoJSONBoundary {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ValidationErrors(source: source, issues: [.init("$", "not valid JSON: \((error as NSError).localizedDescription)")])
        }
        var issues: [ValidationErrors.Issue] = []
        guard let (geometry, path) = findGeometry(root, path: "$", issues: &issues) else {
            throw ValidationErrors(source: source, issues: issues.isEmpty ? [.init("$", "expected a Polygon or MultiPolygon")] : issues)
        }
        let type = geometry["type"] as? String
        var polygons: [[[[Double]]]] = []
        switch type {
        case "Polygon":
            if let polygon = polygon(geometry["coordinates"], path: path + ".coordinates", issues: &issues) { polygons = [polygon] }
        case "MultiPolygon":
            guard let list = geometry["coordinates"] as? [Any], !list.isEmpty else {
                issues.append(.init(path + ".coordinates", "expected a non-empty array of polygons"))
                break
            }
            for (index, item) in list.enumerated() {
                if let polygon = polygon(item, path: path + ".coordinates[\(index)]", issues: &issues) { polygons.append(polygon) }
            }
        default:
            issues.append(.init(path + ".type", "expected \"Polygon\" or \"MultiPolygon\", got \(type.map { "\"\($0)\"" } ?? "nothing")"))
        }
        if !issues.isEmpty { throw ValidationErrors(source: source, issues: issues) }
        let text = "{\"type\":\"MultiPolygon\",\"coordinates\":["
            + polygons.map { polygon in
                "[" + polygon.map { ring in "[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]}"
        return GeoJSONBoundary(multiPolygonJSON: text, polygonCount: polygons.count)
    }

    private static func findGeometry(_ node: Any, path: String, issues: inout [ValidationErrors.Issue]) -> ([String: Any], String)? {
        guard let object = node as? [String: Any] else {
            issues.append(.init(path, "expected a GeoJSON object"))
            return nil
        }
        switch object["type"] as? String {
        case "Feature":
            guard let geometry = object["geometry"] else {
                issues.append(.init(path + ".geometry", "a Feature needs a geometry"))
                return nil
            }
            return findGeometry(geometry, path: path + ".geometry", issues: &issues)
        case "FeatureCollection":
            guard let features = object["features"] as? [Any], features.count == 1 else {
                issues.append(.init(path + ".features", "expected exactly one feature (the campus boundary)"))
                return nil
            }
            return findGeometry(features[0], path: path + ".features[0]", issues: &issues)
        default:
            return (object, path)
        }
    }

    private static func polygon(_ node: Any?, path: String, issues: inout [ValidationErrors.Issue]) -> [[[Double]]]? {
        guard let rings = node as? [Any], !rings.isEmpty else {
            issues.append(.init(path, "expected a non-empty array of linear rings"))
            return nil
        }
        var result: [[[Double]]] = []
        for (ringIndex, ringNode) in rings.enumerated() {
            let ringPath = "\(path)[\(ringIndex)]"
            guard let positions = ringNode as? [Any] else {
                issues.append(.init(ringPath, "expected an array of positions"))
                continue
            }
            var ring: [[Double]] = []
            var ok = true
            for (index, positionNode) in positions.enumerated() {
                guard let position = positionNode as? [Any], position.count >= 2, position.count <= 3,
                      let lon = jsonNumber(position[0]), let lat = jsonNumber(position[1]) else {
                    issues.append(.init("\(ringPath)[\(index)]", "expected [longitude, latitude]"))
                    ok = false
                    continue
                }
                guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                    issues.append(.init("\(ringPath)[\(index)]", "[\(lon), \(lat)] is off the globe (longitude -180…180, latitude -90…90; GeoJSON is [lon, lat])"))
                    ok = false
                    continue
                }
                ring.append([lon, lat])
            }
            guard ok else { continue }
            if ring.count < 4 {
                issues.append(.init(ringPath, "a linear ring needs at least 4 positions (got \(ring.count))"))
            } else if ring.first != ring.last {
                issues.append(.init(ringPath, "the ring is not closed: its last position must repeat the first \(ring[0])"))
            } else {
                result.append(ring)
            }
        }
        return result.count == rings.count ? result : nil
    }
}

/// A campus's daily service window, e.g. `06:00-20:00`.
public struct ServiceHours: Sendable, Equatable, CustomStringConvertible {
    public let start: String
    public let end: String

    public init?(_ text: String) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end else { return nil }
        self.start = parts[0]
        self.end = parts[1]
    }

    static func minutes(_ text: String) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, pieces[0].count == 2, pieces[1].count == 2,
              let hours = Int(pieces[0]), let minutes = Int(pieces[1]), (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }

    public var description: String { "\(start)-\(end)" }
}

/// A JSON number from `JSONSerialization`, refusing booleans (on Linux `1 is Bool` is true, so the type decides).
func jsonNumber(_ value: Any) -> Double? {
    guard let number = value as? NSNumber, !String(describing: type(of: value)).contains("Boolean") else { return nil }
    return number.doubleValue
}
