// The build allocates millions of small vectors (search postings, page strings) from two
// threads; mimalloc's thread-local free lists make that several times cheaper than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(handbook::cli::main());
}
