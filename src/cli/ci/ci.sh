#!/bin/sh
# Written by `tthc init --ci`: the one script every pipeline of this catalogue runs.
# It validates every push and merge request, and on the main branch writes the public listing to
# the site folder; any error stops it with a non-zero exit (the pipeline fails, nothing is posted).
#
# Settings (environment variables; the pipeline file sets them):
#   TTHC_FROM         where to get tthc: a path to a tthc binary, the URL of a prebuilt binary
#                     (https://…), a folder with tthc's source (cargo install --path), or
#                     git+URL (cargo install --git); empty: `tthc` on the PATH
#   TTHC_MAIN_BRANCH  the branch whose listing is public (default: main)
#   TTHC_SITE_DIR     the site folder the listing is written to (default: public)
#   TTHC_DEPLOY_DIR   optional: a folder served by a static host, refreshed with the listing
set -eu

TTHC_FROM="${TTHC_FROM-@TTHC_FROM@}"
MAIN_BRANCH="${TTHC_MAIN_BRANCH:-main}"
SITE_DIR="${TTHC_SITE_DIR:-public}"
TOOLS="${TTHC_TOOLS:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tthc-ci}"

fail() {
    echo "tthc-ci: LỖI: $*" >&2
    exit 1
}

# Which branch, and whether this run is for a merge (pull) request: GitLab, GitHub, Gitea.
BRANCH="${CI_COMMIT_BRANCH:-${GITHUB_REF_NAME:-${GITEA_REF_NAME:-}}}"
REVIEW=no
case "${CI_PIPELINE_SOURCE:-}${GITHUB_EVENT_NAME:-}" in
    *merge_request*|*pull_request*) REVIEW=yes ;;
esac

case "$TTHC_FROM" in
    "")
        command -v tthc >/dev/null 2>&1 || fail "không tìm thấy tthc: đặt TTHC_FROM (đường dẫn, URL hoặc git+URL)"
        TTHC=tthc ;;
    http://*|https://*)
        mkdir -p "$TOOLS"
        curl -fsSL --retry 3 "$TTHC_FROM" -o "$TOOLS/tthc" || fail "không tải được tthc từ $TTHC_FROM"
        chmod +x "$TOOLS/tthc"
        TTHC="$TOOLS/tthc" ;;
    git+*)
        cargo install --locked --quiet --root "$TOOLS" --git "${TTHC_FROM#git+}" tthc || fail "không cài được tthc từ $TTHC_FROM"
        TTHC="$TOOLS/bin/tthc" ;;
    *)
        if [ -f "$TTHC_FROM" ]; then
            TTHC="$TTHC_FROM"
        elif [ -f "$TTHC_FROM/Cargo.toml" ]; then
            cargo install --locked --quiet --root "$TOOLS" --path "$TTHC_FROM" || fail "không cài được tthc từ $TTHC_FROM"
            TTHC="$TOOLS/bin/tthc"
        else
            fail "TTHC_FROM=$TTHC_FROM: không có tệp hay thư mục mã nguồn tthc ở đó"
        fi ;;
esac
"$TTHC" --version || fail "$TTHC không chạy được"

echo "tthc-ci: kiểm tra danh mục"
"$TTHC" validate || fail "danh mục có lỗi (tthc validate); không công bố"
"$TTHC" fmt --check || fail "có tệp chưa ở dạng chuẩn (tthc fmt); không công bố"

if [ "$REVIEW" = yes ] || [ "$BRANCH" != "$MAIN_BRANCH" ]; then
    echo "tthc-ci: nhánh ${BRANCH:-?} (yêu cầu hợp nhất: $REVIEW): đã kiểm tra, không công bố (chỉ nhánh $MAIN_BRANCH được công bố)"
    exit 0
fi

echo "tthc-ci: xuất danh mục công khai vào $SITE_DIR"
"$TTHC" export --out "$SITE_DIR" || fail "không xuất được danh mục"
if grep -q '^units:' catalog.yaml; then
    "$TTHC" export --all-units --out "$SITE_DIR/don-vi" || fail "không xuất được danh mục theo đơn vị"
fi
if [ -n "${TTHC_DEPLOY_DIR:-}" ]; then
    mkdir -p "$TTHC_DEPLOY_DIR" || fail "không tạo được $TTHC_DEPLOY_DIR"
    cp -R "$SITE_DIR"/. "$TTHC_DEPLOY_DIR"/ || fail "không chép được danh mục vào $TTHC_DEPLOY_DIR"
fi
echo "tthc-ci: xong"
