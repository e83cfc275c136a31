fn main() {
    timestream_playground::run();
}
