/// Everything that can be wrong with a data folder, each said in one line that names the file and what to do.
public enum MNISTError: Error, Equatable, CustomStringConvertible {
    case missingDirectory(String)
    case notADirectory(String)
    case missingFile(name: String, directory: String)
    case unreadable(path: String, reason: String)
    case notGzip(path: String, start: String)
    case corruptGzip(path: String, detail: String)
    case wrongMagic(path: String, expected: Int, found: Int)
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    case trailingBytes(path: String, expectedBytes: Int, foundBytes: Int)
    case wrongImageSize(path: String, rows: Int, columns: Int)
    case countMismatch(imagesPath: String, images: Int, labelsPath: String, labels: Int)
    case labelOutOfRange(path: String, index: Int, value: Int)
    case checksumMismatch(file: String, expected: String, actual: String)
    case badChecksumLine(path: String, line: Int)
    case badSplit(String)

    /// What is wrong, without the fix (which depends on where the folder was named).
    public var problem: String {
        switch self {
        case .missingDirectory(let path): return "data folder \(path) does not exist"
        case .notADirectory(let path): return "data path \(path) is a file, not a folder"
        default: return description
        }
    }

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            return "data folder \(path) does not exist; pass --data-dir with a folder holding the four MNIST files"
        case .notADirectory(let path):
            return "data path \(path) is a file, not a folder; pass --data-dir with a folder holding the four MNIST files"
        case .missingFile(let name, let directory):
            return "\(directory) has no \(name).gz or \(name); put the MNIST file there (the repository ships them in data/mnist)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .notGzip(let path, let start):
            let hint = start.lowercased().contains("<") ? "; it looks like an HTML page saved by a failed download" : ""
            return "\(path) is not gzip data (it starts with \"\(start)\")\(hint); download the file again"
        case .corruptGzip(let path, let detail):
            return "\(path) is a corrupt gzip stream (\(detail)); download the file again"
        case .wrongMagic(let path, let expected, let found):
            return "\(path) has magic number \(found), expected \(expected); is it the right IDX file?"
        case .truncated(let path, let expected, let found):
            return "\(path) is truncated: its header promises \(expected) bytes, it holds \(found); download the file again"
        case .trailingBytes(let path, let expected, let found):
            return "\(path) holds \(found) bytes but its header describes \(expected); the file is damaged"
        case .wrongImageSize(let path, let rows, let columns):
            return "\(path) holds \(rows)x\(columns) images; the networks expect 28x28 MNIST images"
        case .countMismatch(let imagesPath, let images, let labelsPath, let labels):
            return "\(imagesPath) holds \(images) images but \(labelsPath) holds \(labels) labels; the two files must match"
        case .labelOutOfRange(let path, let index, let value):
            return "\(path) has label \(value) at index \(index); labels must be digits 0-9"
        case .checksumMismatch(let file, let expected, let actual):
            return "\(file) does not match SHA256SUMS (expected \(expected.prefix(12))…, got \(actual.prefix(12))…); download the file again or fix SHA256SUMS"
        case .badChecksumLine(let path, let line):
            return "\(path) line \(line) is not \"<64 hex digits>  <file name>\"; fix or delete SHA256SUMS"
        case .badSplit(let detail):
            return detail
        }
    }
}
