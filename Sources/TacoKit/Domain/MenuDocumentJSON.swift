import Foundation

extension MenuDocument {
    /// The document as pretty JSON with every field written (prices as decimal strings), keys in contract order.
    /// Re-importing it changes nothing.
    public func jsonText() -> String {
        var out = "{\n  \"menu\": \(JSON.string(menu)),\n  \"items\": ["
        for (i, item) in items.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"sku\": \(JSON.string(item.sku)),\n"
            out += "      \"name\": \(JSON.string(item.name)),\n"
            out += "      \"category\": \(JSON.string(item.category)),\n"
            out += "      \"description\": \(item.description.map(JSON.string) ?? "null"),\n"
            out += "      \"price\": \(JSON.string(MoneyText.format(item.priceCents))),\n"
            out += "      \"prep_minutes\": \(item.prepMinutes),\n"
            out += "      \"available\": \(item.available),\n"
            out += "      \"ingredients\": [" + item.ingredients.map(JSON.string).joined(separator: ", ") + "],\n"
            out += "      \"option_groups\": ["
            for (g, group) in (optionGroupsForExport(item)).enumerated() {
                out += g == 0 ? "\n" : ",\n"
                out += "        {\n"
                out += "          \"name\": \(JSON.string(group.name)),\n"
                out += "          \"min\": \(group.min),\n"
                out += "          \"max\": \(group.max),\n"
                out += "          \"required\": \(group.required),\n"
                out += "          \"options\": ["
                for (o, option) in group.options.enumerated() {
                    out += o == 0 ? "\n" : ",\n"
                    out += "            {\"name\": \(JSON.string(option.name)), \"price_delta\": \(JSON.string(MoneyText.format(option.priceDeltaCents))), \"available\": \(option.available)}"
                }
                out += group.options.isEmpty ? "]\n" : "\n          ]\n"
                out += "        }"
            }
            out += (item.optionGroups ?? []).isEmpty ? "]\n" : "\n      ]\n"
            out += "    }"
        }
        out += items.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    func optionGroupsForExport(_ item: Item) -> [OptionGroup] { item.optionGroups ?? [] }
}
