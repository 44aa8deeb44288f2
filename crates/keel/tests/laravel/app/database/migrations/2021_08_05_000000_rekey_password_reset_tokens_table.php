<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        // SQLite: Laravel 8 compiles dropPrimary to nothing, and the key stays.
        Schema::table('password_reset_tokens', function (Blueprint $table) {
            $table->dropPrimary();
            $table->index('email');
        });
        Schema::table('labels', function (Blueprint $table) {
            $table->string('code', 8)->nullable()->first();
        });
    }

    public function down()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->dropColumn('code');
        });
        Schema::table('password_reset_tokens', function (Blueprint $table) {
            $table->dropIndex(['email']);
            $table->primary('email');
        });
    }
};
