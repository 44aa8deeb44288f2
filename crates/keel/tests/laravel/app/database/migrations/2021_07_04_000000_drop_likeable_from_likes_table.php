<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('likes', function (Blueprint $table) {
            $table->dropMorphs('likeable');
        });
    }

    public function down()
    {
        Schema::table('likes', function (Blueprint $table) {
            $table->nullableMorphs('likeable');
        });
    }
};
