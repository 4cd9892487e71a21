import Checksum
import Foundation

/// Images with their labels: `count` 28×28 images as raw bytes (0 = background, 255 = ink).
public struct LabeledImages: Equatable, Sendable {
    /// Number of images.
    public let count: Int
    /// Pixels, row-major. (count, 28, 28)
    public let pixels: [UInt8]
    /// Class of each image, 0-9. (count)
    public let labels: [UInt8]

    /// Pixels in one image.
    public static let imageSize = 28 * 28

    public init(pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == labels.count * LabeledImages.imageSize, "pixels and labels disagree")
        count = labels.count
        self.pixels = pixels
        self.labels = labels
    }

    /// The images in `range`, in order.
    public func slice(_ range: Range<Int>) -> LabeledImages {
        LabeledImages(pixels: Array(pixels[(range.lowerBound * LabeledImages.imageSize)..<(range.upperBound * LabeledImages.imageSize)]),
                      labels: Array(labels[range]))
    }

    /// The pixels of image `index`. (28, 28)
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        pixels[(index * LabeledImages.imageSize)..<((index + 1) * LabeledImages.imageSize)]
    }
}

/// The MNIST files of one folder, read and checked.
public struct MNIST: Sendable {
    /// Mean of the training pixels on a 0-1 scale.
    public static let mean: Float = 0.1307
    /// Standard deviation of the training pixels on a 0-1 scale.
    public static let standardDeviation: Float = 0.3081
    /// The normalised value of each pixel byte, (x/255 − mean)/std, the transform of pytorch/examples:
    /// one lookup per pixel when a mini-batch is gathered.
    public static let normalizationTable: [Float] = (0..<256).map { (Float($0) / 255 - mean) / standardDeviation }
    /// The four files, without `.gz`.
    public static let fileNames = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    /// The 60,000 training images.
    public let train: LabeledImages
    /// The 10,000 test images.
    public let test: LabeledImages
    /// SHA-256 of each file's decompressed content, by file name without `.gz`.
    public let contentHashes: [String: String]
    /// True when the folder had a SHA256SUMS file and every file matched it.
    public let checksumsVerified: Bool
    /// The folder read.
    public let directory: String

    /// Reads the four files from `directory` (each as `name.gz` or raw `name`), checks their format and,
    /// when the folder has a `SHA256SUMS`, their content hashes.
    public static func load(from directory: String) throws -> MNIST {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { throw MNISTError.missingDirectory(directory) }
        guard isDirectory.boolValue else { throw MNISTError.notADirectory(directory) }
        let expected = try readChecksums(in: directory)
        var hashes: [String: String] = [:]
        var arrays: [String: (IDXArray, String)] = [:]
        for name in fileNames {
            let (content, path) = try readContent(named: name, in: directory)
            let hash = SHA256.hex(of: content)
            if let wanted = expected?[name], wanted != hash {
                throw MNISTError.checksumMismatch(file: path, expected: wanted, actual: hash)
            }
            hashes[name] = hash
            let magic = name.contains("images") ? IDX.imagesMagic : IDX.labelsMagic
            arrays[name] = (try IDX.parse(content, expectedMagic: magic, path: path), path)
        }
        func pair(_ images: String, _ labels: String) throws -> LabeledImages {
            guard let (imageArray, imagePath) = arrays[images], let (labelArray, labelPath) = arrays[labels] else {
                throw MNISTError.missingFile(name: images, directory: directory)
            }
            let dims = imageArray.dimensions
            guard dims.count == 3, dims[1] == 28, dims[2] == 28 else {
                throw MNISTError.wrongImageSize(path: imagePath, rows: dims.count > 1 ? dims[1] : 0, columns: dims.count > 2 ? dims[2] : 0)
            }
            guard labelArray.dimensions.first == dims[0] else {
                throw MNISTError.countMismatch(imagesPath: imagePath, images: dims[0], labelsPath: labelPath, labels: labelArray.dimensions.first ?? 0)
            }
            if let bad = labelArray.data.firstIndex(where: { $0 > 9 }) {
                throw MNISTError.labelOutOfRange(path: labelPath, index: bad, value: Int(labelArray.data[bad]))
            }
            return LabeledImages(pixels: imageArray.data, labels: labelArray.data)
        }
        return MNIST(train: try pair(fileNames[0], fileNames[1]), test: try pair(fileNames[2], fileNames[3]),
                     contentHashes: hashes, checksumsVerified: expected != nil, directory: directory)
    }

    /// Training, validation and test sets: the first `trainLimit` (default all) of the first
    /// `60,000 − validationSize` training images, the last `validationSize` training images, and t10k.
    public func split(validationSize: Int, trainLimit: Int? = nil) throws -> (training: LabeledImages, validation: LabeledImages, test: LabeledImages) {
        guard validationSize > 0, validationSize < train.count else {
            throw MNISTError.badSplit("validation size \(validationSize) must be between 1 and \(train.count - 1), the training images less one")
        }
        let available = train.count - validationSize
        if let limit = trainLimit, limit <= 0 {
            throw MNISTError.badSplit("train limit \(limit) must be a positive number of images")
        }
        let used = min(available, trainLimit ?? available)
        return (train.slice(0..<used), train.slice(available..<train.count), test)
    }

    /// The test labels alone (`t10k-labels-idx1-ubyte`, `.gz` or raw, in `directory`), when their content's SHA-256 is
    /// `sha256`: the labels a run was tested on, to read its test errors by digit. Nil for other content; throws
    /// `MNISTError` for a missing or malformed file.
    public static func testLabels(from directory: String, sha256 expected: String) throws -> [UInt8]? {
        let (content, path) = try readContent(named: fileNames[3], in: directory)
        guard SHA256.hex(of: content) == expected else { return nil }
        return try IDX.parse(content, expectedMagic: IDX.labelsMagic, path: path).data
    }

    /// The test images alone (`t10k-images-idx3-ubyte`, `.gz` or raw, in `directory`), row-major 28 × 28 bytes each, one
    /// image after another, when their content's SHA-256 is `sha256`: the images a run was tested on, to show any of them.
    /// Nil for other content; throws `MNISTError` for a missing or malformed file.
    public static func testImages(from directory: String, sha256 expected: String) throws -> [UInt8]? {
        let (content, path) = try readContent(named: fileNames[2], in: directory)
        guard SHA256.hex(of: content) == expected else { return nil }
        return try IDX.parse(content, expectedMagic: IDX.imagesMagic, path: path).data
    }

    /// The decompressed content of `name.gz` or `name` in `directory`, and the path read.
    static func readContent(named name: String, in directory: String) throws -> ([UInt8], String) {
        let folder = URL(fileURLWithPath: directory)
        let compressed = folder.appendingPathComponent(name + ".gz").path
        let raw = folder.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: compressed) {
            return (try Gzip.decompress(try readBytes(compressed), path: compressed), compressed)
        }
        if FileManager.default.fileExists(atPath: raw) {
            return (try readBytes(raw), raw)
        }
        throw MNISTError.missingFile(name: name, directory: directory)
    }

    /// The `SHA256SUMS` of `directory` as file name (without `.gz`) → hex digest, or nil when there is none.
    static func readChecksums(in directory: String) throws -> [String: String]? {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("SHA256SUMS").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = String(decoding: try readBytes(path), as: UTF8.self)
        var sums: [String: String] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else {
                throw MNISTError.badChecksumLine(path: path, line: index + 1)
            }
            var name = parts[1].hasPrefix("*") ? String(parts[1].dropFirst()) : parts[1]
            if name.hasSuffix(".gz") { name.removeLast(3) }
            sums[name] = parts[0].lowercased()
        }
        return sums
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MNISTError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
