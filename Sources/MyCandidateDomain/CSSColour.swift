import Foundation

/// CSS colour text as site settings carry it.
///
/// Colours end up inside the site's stylesheet, so only text that is a colour is let through:
/// anything else could close the declaration and inject arbitrary CSS. The importer and the
/// stylesheet both check with ``isValid(_:)``.
public enum CSSColour {
    public static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasPrefix("#") {
            let digits = lower.dropFirst()
            return [3, 4, 6, 8].contains(digits.count) && digits.allSatisfy(\.isHexDigit)
        }
        for function in ["rgb(", "rgba(", "hsl(", "hsla("] where lower.hasPrefix(function) && lower.hasSuffix(")") {
            let arguments = lower.dropFirst(function.count).dropLast()
            let allowed = Set("0123456789.,%/ +-deg")
            return !arguments.isEmpty && arguments.allSatisfy(allowed.contains)
        }
        return names.contains(lower)
    }

    /// CSS Color Module Level 4 named colours.
    public static let names: Set<String> = Set("""
        aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue \
        blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk \
        crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki \
        darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen \
        darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue \
        dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite \
        gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki \
        lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan \
        lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen \
        lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen \
        magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen \
        mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream \
        mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid \
        palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum \
        powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown \
        seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen \
        steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow \
        yellowgreen transparent
        """.split(separator: " ").map(String.init))
}

/// WCAG 2.1 contrast between two colours (success criterion 1.4.3: 4.5:1 for body text).
public enum ColourContrast {
    public static let minimum = 4.5

    /// The contrast ratio, or `nil` when either colour is not a hex colour, black or white
    /// (other forms are not worth a colour parser here; they simply go unchecked).
    public static func ratio(_ first: String, _ second: String) -> Double? {
        guard let a = luminance(first), let b = luminance(second) else { return nil }
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The colour pairs of the site's stylesheet (``pairs``) that fail AA, described for an
    /// operator in the seed workbook's column names.
    public static func problems(in colours: SiteColours) -> [String] {
        func describe(_ side: ContrastPair.Side) -> String {
            switch side {
            case .setting(let setting): "\(setting.column) \(setting.value(in: colours))"
            case .fixed(_, let description): description
            }
        }
        return pairs.compactMap { pair in
            guard let ratio = pair.ratio(in: colours), ratio < minimum else { return nil }
            return "\(describe(pair.foreground)) on \(describe(pair.background)) has contrast \(String(format: "%.2f", ratio)):1, below WCAG AA's 4.5:1"
        }
    }

    /// A hex colour (`#rgb` or `#rrggbb`, any case) as lower-case `#rrggbb`, the form the
    /// admin area stores; `nil` for anything else, alpha included (contrast cannot be judged
    /// through transparency).
    public static func normalizedHex(_ text: String) -> String? {
        var hex = text.lowercased()
        guard hex.hasPrefix("#") else { return nil }
        hex.removeFirst()
        // ASCII only: `Character.isHexDigit` also accepts fullwidth digits, which CSS does not.
        guard [3, 6].contains(hex.count), hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        return "#" + hex
    }

    /// Relative luminance (WCAG 2.1 definition) of `#rgb`, `#rrggbb`, `black` or `white`.
    static func luminance(_ text: String) -> Double? {
        var hex = text.lowercased()
        if hex == "white" { hex = "#ffffff" }
        if hex == "black" { hex = "#000000" }
        guard hex.hasPrefix("#") else { return nil }
        hex.removeFirst()
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        // Hex digits only: `UInt32(_:radix:)` would also take a leading sign.
        guard hex.count == 6, hex.allSatisfy({ $0.isASCII && $0.isHexDigit }), let value = UInt32(hex, radix: 16) else { return nil }
        func channel(_ shift: UInt32) -> Double {
            let c = Double((value >> shift) & 0xff) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }
}
