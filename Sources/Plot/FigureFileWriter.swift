import Foundation

/// Writes figures to disk atomically: draw into `.name.tmp-<pid>` beside the target, then rename.
enum FigureFileWriter {
    /// PNGs are rendered at twice the logical size so text stays sharp on high-density screens.
    static let pngScale = 2.0

    static func write(_ figure: Figure, to path: String) throws {
        let format = try OutputFormat(path: path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try createDirectoryIfMissing(directory, for: path)

        let temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
        var moved = false
        // Whatever fails below, never leave a half-written temporary file behind.
        defer {
            if !moved { unlink(temporaryPath) }
        }

        switch format {
        case .png:
            let surface = try CairoSurface.image(size: figure.size, scale: pngScale, displayPath: path)
            try draw(figure, on: surface)
            try surface.writePNG(to: temporaryPath)
        case .svg, .pdf:
            let surface = try CairoSurface.vector(format: format, size: figure.size, filePath: temporaryPath, displayPath: path)
            try draw(figure, on: surface)
            try surface.finish()
        }

        guard rename(temporaryPath, path) == 0 else {
            throw PlotError.cannotMoveIntoPlace(path: path, reason: String(cString: strerror(errno)))
        }
        moved = true
    }

    /// The context is released before the surface is finished or written, so cairo has flushed everything.
    private static func draw(_ figure: Figure, on surface: CairoSurface) throws {
        let context = try CairoContext(surface: surface)
        try figure.draw(in: context)
        try context.checkStatus(operation: "draw the figure")
    }

    private static func createDirectoryIfMissing(_ directory: String, for path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw PlotError.cannotCreateDirectory(path: path, reason: "'\(directory)' exists and is not a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError.cannotCreateDirectory(path: path, reason: error.localizedDescription)
        }
    }
}
