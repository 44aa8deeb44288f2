//! `keel:` directives in PHP migrations: where a Laravel migration declares the values it is
//! allowed to lose.

use keel_laravel::php::directives;

const DROPS_CAPTION: &str = r#"<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/**
 * Captions were moved to posts in the previous release.
 * keel:allows-loss photos.alt_text
 */
class DropCaptions extends Migration
{
    public function up()
    {
        Schema::table('photos', function (Blueprint $table) {
            // keel:allows-loss photos.caption, photos.caption_html
            $table->dropColumn(['caption', 'caption_html']);
            # keel:allows-loss photos.legacy
            $table->dropColumn('legacy');
            /* keel:allows-loss photos.flags */
            $table->dropColumn('flags');
        });
    }
}
"#;

#[test]
fn every_comment_style_declares_allowed_losses_in_file_order() {
    assert_eq!(
        directives(DROPS_CAPTION).allows_loss,
        [
            "photos.alt_text",
            "photos.caption",
            "photos.caption_html",
            "photos.legacy",
            "photos.flags"
        ]
    );
}

#[test]
fn text_in_strings_and_other_comments_declares_nothing() {
    let php = r#"<?php
// A note about keel, not a directive: keel:allowsloss photos.caption
class M extends Migration {
    public function up() {
        DB::statement("-- keel:allows-loss photos.caption");
        $note = '// keel:allows-loss photos.alt';
    }
}
"#;
    assert!(directives(php).allows_loss.is_empty());
}
