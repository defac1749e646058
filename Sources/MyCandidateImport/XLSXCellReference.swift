/// An A1-style cell reference (`C2`, `AA10`, `$B$3`), 1-based.
struct XLSXCellReference: Equatable {
    var column: Int
    var row: Int

    init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    init?(_ text: String) {
        var column = 0
        var digits = ""
        for scalar in text.unicodeScalars where scalar != "$" {
            switch scalar {
            case "A"..."Z" where digits.isEmpty:
                column = column * 26 + Int(scalar.value - 64)
            case "a"..."z" where digits.isEmpty:
                column = column * 26 + Int(scalar.value - 96)
            case "0"..."9":
                digits.unicodeScalars.append(scalar)
            default:
                return nil
            }
            if column > XLSXWorksheetParser.maximumColumns { return nil }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        self.column = column
        self.row = row
    }
}
