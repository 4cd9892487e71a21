public enum MNISTPlaceholder {}
