//! libgit2's allocator: the binary's mimalloc, so memory libgit2 frees is reused.

/// Make libgit2 allocate with mimalloc, the allocator of the tthc binary, so that memory libgit2
/// frees (a status over 100,000 files takes about a hundred megabytes) is reused by the rest of
/// the program instead of staying with the C library's allocator.
///
/// Call it first thing in `main`, before anything touches libgit2: memory allocated before the
/// switch would be freed by the wrong allocator. Calls after the first do nothing.
#[allow(unsafe_code)]
pub fn libgit2_uses_mimalloc() {
    use std::ffi::{c_char, c_int, c_void};
    /// libgit2's `git_allocator` (include/git2/sys/alloc.h in libgit2 1.9).
    #[repr(C)]
    struct GitAllocator {
        gmalloc: unsafe extern "C" fn(usize, *const c_char, c_int) -> *mut c_void,
        grealloc: unsafe extern "C" fn(*mut c_void, usize, *const c_char, c_int) -> *mut c_void,
        gfree: unsafe extern "C" fn(*mut c_void),
    }
    unsafe extern "C" fn gmalloc(n: usize, _file: *const c_char, _line: c_int) -> *mut c_void {
        // SAFETY: a plain allocation; libgit2 checks for null.
        unsafe { libmimalloc_sys::mi_malloc(n) }
    }
    unsafe extern "C" fn grealloc(
        ptr: *mut c_void,
        n: usize,
        _file: *const c_char,
        _line: c_int,
    ) -> *mut c_void {
        // SAFETY: `ptr` is null or came from `gmalloc`/`grealloc` (all of libgit2's memory does,
        // as the switch happens before libgit2 allocates anything).
        unsafe { libmimalloc_sys::mi_realloc(ptr, n) }
    }
    unsafe extern "C" fn gfree(ptr: *mut c_void) {
        // SAFETY: as for `grealloc`.
        unsafe { libmimalloc_sys::mi_free(ptr) }
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let allocator = GitAllocator {
            gmalloc,
            grealloc,
            gfree,
        };
        // SAFETY: GIT_OPT_SET_ALLOCATOR takes one `git_allocator *`, whose contents libgit2
        // copies; libgit2 keeps an allocator set before its initialisation.
        unsafe {
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_SET_ALLOCATOR as c_int,
                &allocator as *const GitAllocator,
            );
        }
    });
}
