<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->dropUnique('tags_name_unique');
            $table->index('name');
        });
    }

    public function down()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->dropIndex(['name']);
            $table->unique('name', 'tags_name_unique');
        });
    }
};
