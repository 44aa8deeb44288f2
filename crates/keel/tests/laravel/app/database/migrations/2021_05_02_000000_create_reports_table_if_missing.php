<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        if (! Schema::hasTable('reports')) {
            Schema::create('reports', function (Blueprint $table) {
                $table->id();
                $table->foreignId('photo_id')->constrained()->cascadeOnDelete();
                $table->string('reason');
                $table->timestamp('resolved_at')->nullable();
            });
        }
    }

    public function down()
    {
        Schema::dropIfExists('reports');
    }
};
