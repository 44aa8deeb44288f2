<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

// Looks harmless. On SQLite, Laravel 8 (through Doctrine DBAL) rebuilds `authors` to rename a
// column: with foreign keys on, dropping the old table cascades into `books`.
return new class extends Migration
{
    public function up()
    {
        Schema::table('authors', function (Blueprint $table) {
            $table->renameColumn('name', 'full_name');
        });
    }

    public function down()
    {
        Schema::table('authors', function (Blueprint $table) {
            $table->renameColumn('full_name', 'name');
        });
    }
};
