<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->index('taken_at');
            $table->unique(['album_id', 'path']);
        });
    }

    public function down()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->dropUnique(['album_id', 'path']);
            $table->dropIndex(['taken_at']);
        });
    }
};
