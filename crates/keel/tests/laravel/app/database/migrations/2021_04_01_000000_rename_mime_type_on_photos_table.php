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
            $table->renameColumn('mime_type', 'content_type');
        });
    }

    public function down()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->renameColumn('content_type', 'mime_type');
        });
    }
};
