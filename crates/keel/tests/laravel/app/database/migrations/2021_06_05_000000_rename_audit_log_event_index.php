<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('audit_log', function (Blueprint $table) {
            $table->renameIndex('audit_event_idx', 'audit_log_event_index');
        });
    }

    public function down()
    {
        Schema::table('audit_log', function (Blueprint $table) {
            $table->renameIndex('audit_log_event_index', 'audit_event_idx');
        });
    }
};
